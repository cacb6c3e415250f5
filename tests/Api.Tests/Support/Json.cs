using System.Net.Http.Json;
using System.Text.Json;

namespace Crashdesk.Api.Tests.Support;

internal static class Json
{
    /// <summary>What a .NET client of the API uses: web defaults and the hex converter for 64-bit values.</summary>
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new Crashdesk.Api.Contracts.HexUInt64JsonConverter() } };

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Web))
        ?? throw new InvalidOperationException($"response body of {response.RequestMessage?.RequestUri} is JSON null");

    public static async Task<JsonElement> ReadElementAsync(HttpResponseMessage response) =>
        await ReadAsync<JsonElement>(response);
}
