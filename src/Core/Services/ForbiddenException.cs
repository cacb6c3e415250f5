namespace Crashdesk.Core.Services;

/// <summary>The caller's role or key scopes do not allow this (API: 403 ProblemDetails with the message).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
