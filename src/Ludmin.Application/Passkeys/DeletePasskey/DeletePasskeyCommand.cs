using Ludmin.Application.Common;
using Mediator;

namespace Ludmin.Application.Passkeys.DeletePasskey;

/// <summary>Removes one of the caller's passkeys; <paramref name="Id"/> as the path gave it.</summary>
public sealed record DeletePasskeyCommand(Caller Caller, string Id) : ICommand;
