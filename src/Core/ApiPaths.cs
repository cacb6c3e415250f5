namespace Crashdesk.Core;

/// <summary>
/// Where the REST API lives on the web host. Defined here, below both hosts, because the API maps its
/// endpoints under it and the UI (src/Web) builds download and upload links to the same endpoints.
/// </summary>
public static class ApiPaths
{
    /// <summary>The versioned prefix of every REST endpoint.</summary>
    public const string Prefix = "/api/v1";
}
