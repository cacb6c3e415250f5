using System.Text.Json;
using System.Text.Json.Nodes;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The served OpenAPI document equals the committed src/Api/openapi/v1.json, so every API change is
/// reviewed as a diff of that file. To accept a change: CRASHDESK_UPDATE_OPENAPI=1 dotnet test --filter OpenApi.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Served_document_equals_the_committed_one()
    {
        await using var factory = await ApiFactory.CreateAsync();
        using var client = factory.ClientWithKey(null);
        var served = Normalise(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(TestFixtures.RepositoryRoot(), "src", "Api", "openapi", "v1.json");

        if (Environment.GetEnvironmentVariable("CRASHDESK_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run with CRASHDESK_UPDATE_OPENAPI=1 to create it");
        var committed = Normalise(await File.ReadAllTextAsync(path));
        Assert.Equal(committed, served);
        foreach (var route in new[] { "/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/artifacts/{fileName}", "/api/v1/cases/{id}/report" })
            Assert.Contains($"\"{route}\"", served);
    }

    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
}
