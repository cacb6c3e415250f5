namespace Crashdesk.Core.Services;

/// <summary>What first start created: shown once on the terminal, never logged, never stored in plaintext.</summary>
public sealed record BootstrapCredentials(string Email, string Password, string ApiKey);
