using System.Net;
using System.Text.RegularExpressions;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests.DataProtection;

/// <summary>
/// The real host's first start with its standard output redirected (the test host's is a pipe, as a
/// service's log is): the secrets are in the configured 0600 file, and its API key works.
/// </summary>
public sealed partial class FirstStartCredentialsTests
{
    [Fact]
    public async Task A_first_start_with_redirected_output_writes_a_private_file_whose_key_works()
    {
        Assert.True(Console.IsOutputRedirected, "the test host's standard output is expected to be redirected");
        string directory = TestStores.TempDirectory();
        string path = Path.Combine(directory, "first-start.txt");
        try
        {
            await using var factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?>
            {
                ["Bootstrap:Enabled"] = "true",
                ["Bootstrap:CredentialsFile"] = path,
            });
            using var anonymous = factory.ClientWithKey(null); // starts the host (and its first-start service)

            Assert.True(File.Exists(path), "no credentials file was written");
            var stat = Programs.Try("stat", "-c", "%a", path).Output().Trim();
            Assert.Equal("600", stat);
            var key = KeyLine().Match(await File.ReadAllTextAsync(path)).Groups["key"].Value;
            using var client = factory.ClientWithKey(key);
            using var me = await client.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"API key:\s+(?<key>\S+)")]
    private static partial Regex KeyLine();
}
