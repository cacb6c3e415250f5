using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>Fixture dumps uploaded to a store once per server (key from the fixture id and size).</summary>
public static class FixtureObjects
{
    public static async Task<string> UploadAsync(IBlobStore store, string fixture)
    {
        var path = TestFixtures.DumpFile(fixture);
        long length = new FileInfo(path).Length;
        var key = $"fixtures/{fixture.Replace('.', '-').ToLowerInvariant()}-{length}";
        if (!await store.ExistsAsync(key))
        {
            await using var file = File.OpenRead(path);
            await store.WriteAsync(key, file, long.MaxValue);
        }
        return key;
    }
}
