namespace Crashdesk.Core.Services;

/// <summary>What first start created: shown once on the terminal (or, when output is a log, written once to a 0600 file), never logged.</summary>
public sealed record BootstrapCredentials(string Email, string Password, string ApiKey);
