namespace Crashdesk.Core.Services;

/// <summary>Input an application service refused; <see cref="Field"/> names what was wrong (API: 400 ProblemDetails).</summary>
public sealed class ValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
