using Crashdesk.TestSupport;

namespace Crashdesk.Core.Tests.Consoles;

/// <summary>
/// <see cref="ConsoleFixture"/> on the real S3 server reached through a <see cref="SlowLink"/>: full speed
/// while the fixture analyses the dump, as slow as a test sets it afterwards (a store in another region).
/// </summary>
public sealed class SlowStoreConsoleFixture : ConsoleFixture
{
    public SlowLink Link { get; } = new(new Uri(TestServices.S3ServiceUrl));

    protected override Dictionary<string, string?> Settings() => new()
    {
        // Long enough that only a person's Ctrl-C stops a command here.
        ["Console:CommandTimeout"] = "00:02:00",
        ["Console:PollInterval"] = "00:00:00.200",
        ["Storage:Provider"] = "S3",
        ["Storage:S3:ServiceUrl"] = Link.Url.ToString().TrimEnd('/'),
        ["Storage:S3:Bucket"] = TestServices.S3Bucket,
        ["Storage:S3:AccessKey"] = TestServices.S3AccessKey,
        ["Storage:S3:SecretKey"] = TestServices.S3SecretKey,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Link.DisposeAsync();
    }
}
