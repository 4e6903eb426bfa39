using Ludmin.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ludmin.Api.ErrorHandling;

/// <summary>
/// Turns what model binding refused (JSON that does not parse, a wrong type, an unknown field or
/// a duplicate key, JSON too deep, a query value that is not a number) into the one problem shape,
/// with errors keyed by wire field name. Whether a value that did bind is acceptable is the
/// message's validator's to say (<c>ValidationBehaviour</c>), never an attribute's here.
/// </summary>
internal static class ModelStateProblems
{
    private const string BodyKey = "body";

    public static IActionResult Create(ActionContext context)
    {
        var fieldErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var bodyErrors = new List<string>();
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            var field = FieldName(key);
            var messages = entry.Errors.Select(Describe).Distinct().ToArray();
            if (field == BodyKey)
            {
                bodyErrors.AddRange(messages);
            }
            else
            {
                fieldErrors[field] = messages;
            }
        }

        // A field of the wrong type also leaves the body parameter unbound; the field is what the client must fix.
        var problem = fieldErrors.Count > 0
            ? Problems.Create(context.HttpContext, Errors.ValidationFailed, "One or more fields are not valid.", fieldErrors)
            : Problems.Create(
                context.HttpContext,
                ApiErrors.MalformedRequest,
                "The request body is missing or is not a JSON object of the expected shape.",
                new Dictionary<string, string[]> { [BodyKey] = [.. bodyErrors.Distinct()] });
        // A JsonResult, not an ObjectResult: the controllers' [Produces("application/json")] rewrites
        // an ObjectResult's content types, which turned these problems into plain application/json.
        return new JsonResult(problem)
        {
            StatusCode = problem.Status,
            ContentType = Problems.ContentType,
        };
    }

    /// <summary><c>$.email</c> → <c>email</c>; the body parameter itself or the JSON root → <c>body</c>.</summary>
    private static string FieldName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        return name is "" or "$" or "request" ? BodyKey : name;
    }

    /// <summary>Parser messages can echo input; keep ours short, fixed and free of what the client sent.</summary>
    private static string Describe(ModelError error)
    {
        var message = error.ErrorMessage;
        if (string.IsNullOrEmpty(message))
        {
            return "The value is not of the expected type.";
        }

        return message.Length > 200 ? message[..200] : message;
    }
}
