using System.Net;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Webhooks;

namespace Crashdesk.Core.Tests.Webhooks;

/// <summary>Where webhooks may go (server-side request forgery), and the back-off between tries.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static readonly WebhookAddressPolicy Default = new(new WebhookOptions());

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    public void Refuses_metadata_link_local_loopback_and_non_unicast_addresses(string address) =>
        Assert.NotNull(Default.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.1.10")]
    [InlineData("172.16.0.5")]
    [InlineData("fd12:3456::1")]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1::1")]
    public void Allows_private_networks_and_the_internet(string address) =>
        Assert.Null(Default.Refusal(IPAddress.Parse(address)));

    [Fact]
    public void Loopback_and_link_local_only_when_configured()
    {
        var loopback = new WebhookAddressPolicy(new WebhookOptions { AllowLoopback = true });
        Assert.Null(loopback.Refusal(IPAddress.Loopback));
        Assert.NotNull(loopback.Refusal(IPAddress.Parse("169.254.169.254")));
        var linkLocal = new WebhookAddressPolicy(new WebhookOptions { AllowLinkLocal = true });
        Assert.Null(linkLocal.Refusal(IPAddress.Parse("169.254.169.254")));
        Assert.NotNull(linkLocal.Refusal(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("ftp://example.com/x", "scheme")]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("http://localhost:8080/x", "loopback")]
    [InlineData("http://127.0.0.1/x", "loopback")]
    [InlineData("http://[::1]/x", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://me:secret@example.com/x", "credentials")]
    [InlineData("not a url", "absolute")]
    public void Refuses_urls_naming_why(string url, string why)
    {
        var e = Assert.Throws<ValidationException>(() => Default.ValidateUrl(url));
        Assert.Equal("url", e.Field);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_http_and_https_urls()
    {
        Assert.Equal("https://tickets.example.com/hooks/crashdesk", Default.ValidateUrl("https://tickets.example.com/hooks/crashdesk").AbsoluteUri);
        Assert.Equal("http://10.0.0.5:8080/hook", Default.ValidateUrl("http://10.0.0.5:8080/hook").AbsoluteUri);
    }

    [Fact]
    public void Back_off_doubles_from_the_first_delay_up_to_the_cap()
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromSeconds(10), BackoffFactor = 2, MaxRetryDelay = TimeSpan.FromMinutes(1) };
        var waits = Enumerable.Range(1, 6).Select(tries => DeliverWebhookWork.Backoff(options, tries).TotalSeconds).ToList();
        Assert.Equal([10, 20, 40, 60, 60, 60], waits);
    }
}
