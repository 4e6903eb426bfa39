using MongoDB.Bson;

namespace Ludmin.Storage.Tests.Mongo;

/// <summary>
/// Applies a rendered aggregation-pipeline update to a stored document, as the server would,
/// for the few stages and operators the adapter uses (and refuses any other, so a new operator
/// cannot pass untested). It follows the server's rules that matter here: a string starting with
/// <c>$</c> is a field path, <c>$$</c> a variable, a document an expression; <c>$literal</c> stops
/// all of that. Only a real server proves the update; this shows what the pipeline means.
/// </summary>
internal static class PipelineUpdateEvaluator
{
    public static BsonDocument Apply(BsonArray pipeline, BsonDocument stored)
    {
        var document = stored.DeepClone().AsBsonDocument;
        foreach (var stage in pipeline.Select(s => s.AsBsonDocument))
        {
            var (name, fields) = (stage.GetElement(0).Name, stage[0].AsBsonDocument);
            if (name is not ("$set" or "$addFields"))
            {
                throw new NotSupportedException($"stage {name}");
            }

            var root = document.DeepClone().AsBsonDocument;
            foreach (var field in fields)
            {
                if (Evaluate(field.Value, root, []) is { } value)
                {
                    document[field.Name] = value;
                }
                else
                {
                    document.Remove(field.Name);
                }
            }
        }

        return document;
    }

    /// <summary>The value, or null where the server would have "missing".</summary>
    private static BsonValue? Evaluate(BsonValue expression, BsonDocument root, Dictionary<string, BsonValue?> variables)
    {
        switch (expression)
        {
            case BsonString { Value: var path } when path.StartsWith("$$", StringComparison.Ordinal):
                var parts = path[2..].Split('.');
                return Walk(variables[parts[0]], parts.Skip(1));
            case BsonString { Value: var path } when path.StartsWith('$'):
                return Walk(root, path[1..].Split('.'));
            case BsonArray array:
                return new BsonArray(array.Select(e => Evaluate(e, root, variables) ?? BsonNull.Value));
            case BsonDocument { ElementCount: 1 } document when document.GetElement(0).Name.StartsWith('$'):
                return Operator(document.GetElement(0).Name, document[0], root, variables);
            case BsonDocument document:
                var result = new BsonDocument();
                foreach (var element in document)
                {
                    if (Evaluate(element.Value, root, variables) is { } value)
                    {
                        result[element.Name] = value;
                    }
                }

                return result;
            default:
                return expression;
        }
    }

    private static BsonValue? Operator(string name, BsonValue argument, BsonDocument root, Dictionary<string, BsonValue?> variables)
    {
        BsonValue? Eval(BsonValue e) => Evaluate(e, root, variables);
        switch (name)
        {
            case "$literal":
                return argument;
            case "$map":
            {
                var spec = argument.AsBsonDocument;
                var variable = spec.GetValue("as", "this").AsString;
                return Eval(spec["input"]) is BsonArray input
                    ? new BsonArray(input.Select(item => Evaluate(spec["in"], root, With(variables, variable, item)) ?? BsonNull.Value))
                    : BsonNull.Value;
            }

            case "$filter":
            {
                var spec = argument.AsBsonDocument;
                var variable = spec.GetValue("as", "this").AsString;
                return Eval(spec["input"]) is BsonArray input
                    ? new BsonArray(input.Where(item => Evaluate(spec["cond"], root, With(variables, variable, item)) is BsonBoolean { Value: true }))
                    : BsonNull.Value;
            }

            case "$arrayElemAt":
            {
                var (array, index) = (Eval(argument[0]) as BsonArray, Eval(argument[1])!.ToInt32());
                return array is not null && index < array.Count ? array[index] : null;
            }

            case "$mergeObjects":
            {
                var merged = new BsonDocument();
                foreach (var part in argument.AsBsonArray.Select(Eval).OfType<BsonDocument>())
                {
                    merged.Merge(part, overwriteExistingElements: true);
                }

                return merged;
            }

            case "$ifNull":
                return Eval(argument[0]) is { IsBsonNull: false } value ? value : Eval(argument[1]);
            case "$eq":
                return (BsonBoolean)Equals(Eval(argument[0]), Eval(argument[1]));
            default:
                throw new NotSupportedException($"operator {name}");
        }
    }

    private static BsonValue? Walk(BsonValue? value, IEnumerable<string> path)
    {
        foreach (var name in path)
        {
            value = value is BsonDocument document && document.TryGetValue(name, out var next) ? next : null;
        }

        return value;
    }

    private static Dictionary<string, BsonValue?> With(Dictionary<string, BsonValue?> variables, string name, BsonValue value) =>
        new(variables, StringComparer.Ordinal) { [name] = value };
}
