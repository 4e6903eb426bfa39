using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Passkeys.RenamePasskey;

/// <summary>Renames one of the caller's passkeys; <paramref name="Id"/> as the path gave it.</summary>
public sealed record RenamePasskeyCommand(Caller Caller, string Id, string Name) : ICommand<PasskeyView>;
