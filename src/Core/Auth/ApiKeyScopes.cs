namespace Crashdesk.Core.Auth;

/// <summary>
/// What an API key may do, on top of its user's role (a key never exceeds its user's role).
/// <see cref="Read"/>: GET; <see cref="Upload"/>: create cases and send files; <see cref="Write"/>: edit cases,
/// notes, groups; <see cref="Admin"/>: people, keys, webhooks, settings.
/// </summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Read = 1,
    Upload = 2,
    Write = 4,
    Admin = 8,
    All = Read | Upload | Write | Admin,
}
