using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Services;

/// <summary>The first-start secrets: printed on a terminal; in a redirected output only a 0600 file's path.</summary>
public sealed class FirstStartCredentialsOutputTests : IDisposable
{
    private static readonly BootstrapCredentials _credentials = new("admin@crashdesk.local", "pw-Secret-123", "cdk_key_secret_456");
    private readonly string _directory = TestStores.TempDirectory();

    [Fact]
    public async Task On_a_terminal_the_secrets_are_printed_and_no_file_is_written()
    {
        var output = new StringWriter();
        string path = Path.Combine(_directory, "creds.txt");

        var written = await FirstStartCredentialsOutput.DeliverAsync(_credentials, output, outputIsTerminal: true, path);

        Assert.Null(written);
        Assert.Contains("password: pw-Secret-123", output.ToString());
        Assert.Contains("API key:  cdk_key_secret_456", output.ToString());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task When_output_is_redirected_only_the_path_of_a_0600_file_holding_them_is_printed()
    {
        var output = new StringWriter();
        string path = Path.Combine(_directory, "state", "creds.txt");

        var written = await FirstStartCredentialsOutput.DeliverAsync(_credentials, output, outputIsTerminal: false, path);

        Assert.Equal(path, written);
        Assert.Contains(path, output.ToString());
        Assert.DoesNotContain("pw-Secret-123", output.ToString());
        Assert.DoesNotContain("cdk_key_secret_456", output.ToString());
        string content = await File.ReadAllTextAsync(path);
        Assert.Contains("password: pw-Secret-123", content);
        Assert.Contains("API key:  cdk_key_secret_456", content);
        Assert.Equal($"600 {Environment.UserName}", Stat(path));
        Assert.Equal($"700 {Environment.UserName}", Stat(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten()
    {
        string path = Path.Combine(_directory, "creds.txt");
        await File.WriteAllTextAsync(path, "an older installation's");

        var written = await FirstStartCredentialsOutput.DeliverAsync(_credentials, new StringWriter(), outputIsTerminal: false, path);

        Assert.Equal(path + ".1", written);
        Assert.Equal("an older installation's", await File.ReadAllTextAsync(path));
        Assert.Contains("pw-Secret-123", await File.ReadAllTextAsync(written!));
    }

    private static string Stat(string path) => Programs.Try("stat", "-c", "%a %U", path).Output().Trim();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
