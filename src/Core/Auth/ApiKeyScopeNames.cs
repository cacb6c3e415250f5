namespace Crashdesk.Core.Auth;

/// <summary>Scopes on the wire: lower-case names (<c>read</c>, <c>upload</c>, <c>write</c>, <c>admin</c>).</summary>
public static class ApiKeyScopeNames
{
    private static readonly (ApiKeyScopes Scope, string Name)[] Names =
        [(ApiKeyScopes.Read, "read"), (ApiKeyScopes.Upload, "upload"), (ApiKeyScopes.Write, "write"), (ApiKeyScopes.Admin, "admin")];

    public static string Name(ApiKeyScopes scope) => string.Join(",", List(scope));

    public static IReadOnlyList<string> List(ApiKeyScopes scopes) => [.. Names.Where(n => scopes.HasFlag(n.Scope)).Select(n => n.Name)];

    /// <summary>The scopes of the names; false names the first unknown one.</summary>
    public static bool TryParse(IEnumerable<string> names, out ApiKeyScopes scopes, out string? unknown)
    {
        scopes = ApiKeyScopes.None;
        unknown = null;
        foreach (var name in names)
        {
            var match = Names.FirstOrDefault(n => string.Equals(n.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                unknown = name;
                return false;
            }
            scopes |= match.Scope;
        }
        return true;
    }
}
