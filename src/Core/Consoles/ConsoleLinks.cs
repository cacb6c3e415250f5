using System.Text.Json;
using Crashdesk.Analysis.Shell;

namespace Crashdesk.Core.Consoles;

/// <summary>A command's links as stored (JSONB <c>[{"start":0,"length":4,"command":"bt 1"}]</c>) and as shown.</summary>
internal static class ConsoleLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Serialize(IReadOnlyList<ShellLink> links) =>
        links.Count == 0 ? null : JsonSerializer.Serialize(links.Select(l => new ConsoleLinkView(l.Start, l.Length, l.Command)), Json);

    public static IReadOnlyList<ConsoleLinkView> Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<ConsoleLinkView>>(json, Json) ?? [];
}
