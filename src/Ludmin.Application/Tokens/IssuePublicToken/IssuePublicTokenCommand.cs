using Ludmin.Application.Common.Models;
using Mediator;

namespace Ludmin.Application.Tokens.IssuePublicToken;

/// <summary>A public token for a device. A device id that is not 32 hex digits is replaced by a generated one.</summary>
public sealed record IssuePublicTokenCommand(string? DeviceId) : ICommand<TokenResult>;
