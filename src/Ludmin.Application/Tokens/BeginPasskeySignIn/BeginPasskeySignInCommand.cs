using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.BeginPasskeySignIn;

/// <summary>Starts a passkey sign-in on the caller's device: options for <c>navigator.credentials.get()</c> that name no account.</summary>
public sealed record BeginPasskeySignInCommand(Caller Caller) : ICommand<PasskeyCeremony>;
