using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Passkeys.BeginPasskeyRegistration;

/// <summary>Starts registering a passkey to the caller: options for <c>navigator.credentials.create()</c>, the challenge kept in the store for five minutes.</summary>
public sealed record BeginPasskeyRegistrationCommand(Caller Caller) : ICommand<PasskeyCeremony>;
