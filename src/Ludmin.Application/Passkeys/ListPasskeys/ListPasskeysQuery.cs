using Ludmin.Application.Common;
using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Passkeys.ListPasskeys;

/// <summary>The caller's passkeys, without their keys.</summary>
public sealed record ListPasskeysQuery(Caller Caller) : IQuery<PasskeyList>;
