using FluentValidation;
using Mediator;

namespace Ludmin.Application.Common.Behaviours;

/// <summary>
/// The one validation path: runs a message's validator (each message that carries text has one,
/// the others none) before its handler, whoever sent it (a controller, the command line, the
/// start-up, a test), and refuses the message with all field errors at once.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length > 0)
        {
            var context = new ValidationContext<TMessage>(message);
            var failures = new List<FluentValidation.Results.ValidationFailure>();
            foreach (var validator in _validators)
            {
                var result = await validator.ValidateAsync(context, cancellationToken);
                failures.AddRange(result.Errors);
            }

            if (failures.Count > 0)
            {
                throw RequestValidationException.From(failures);
            }
        }

        return await next(message, cancellationToken);
    }
}
