using Crashdesk.Core.Webhooks;

namespace Crashdesk.Core.Tests.Webhooks;

/// <summary>The Standard Webhooks signature: the spec's own example, and what a receiver must refuse.</summary>
public sealed class WebhookSignatureTests
{
    // The example of the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme").
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";
    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp);

    [Fact]
    public void Signs_the_specifications_example_as_it_says()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody));
        Assert.Equal(WebhookVerification.Valid, Verify("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", SpecBody, SpecTime));
    }

    [Fact]
    public void A_tampered_body_fails()
    {
        var signature = WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody);
        Assert.Equal(WebhookVerification.BadSignature, Verify(signature, "{\"test\": 2432232315}", SpecTime));
        Assert.Equal(WebhookVerification.BadSignature, Verify(signature, SpecBody + " ", SpecTime));
    }

    [Fact]
    public void Another_secret_fails()
    {
        var signature = WebhookSignature.Sign(WebhookSignature.NewSecret(), SpecId, SpecTimestamp, SpecBody);
        Assert.Equal(WebhookVerification.BadSignature, Verify(signature, SpecBody, SpecTime));
    }

    [Fact]
    public void A_timestamp_outside_the_replay_window_fails_even_when_signed_right()
    {
        var signature = WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody);
        Assert.Equal(WebhookVerification.StaleTimestamp, Verify(signature, SpecBody, SpecTime.AddMinutes(6)));
        Assert.Equal(WebhookVerification.StaleTimestamp, Verify(signature, SpecBody, SpecTime.AddMinutes(-6)));
        Assert.Equal(WebhookVerification.Valid, Verify(signature, SpecBody, SpecTime.AddMinutes(4)));
        Assert.Equal(WebhookVerification.StaleTimestamp,
            WebhookSignature.Verify(SpecSecret, SpecId, SpecTimestamp.ToString(), signature, SpecBody, SpecTime.AddSeconds(31), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Any_of_several_signatures_may_match_and_missing_headers_are_malformed()
    {
        var other = WebhookSignature.Sign(WebhookSignature.NewSecret(), SpecId, SpecTimestamp, SpecBody);
        var right = WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, SpecBody);
        Assert.Equal(WebhookVerification.Valid, Verify($"{other} {right}", SpecBody, SpecTime));
        Assert.Equal(WebhookVerification.BadSignature, Verify(right.Replace("v1,", "v2,"), SpecBody, SpecTime));
        Assert.Equal(WebhookVerification.Malformed, WebhookSignature.Verify(SpecSecret, SpecId, "yesterday", right, SpecBody, SpecTime));
        Assert.Equal(WebhookVerification.Malformed, WebhookSignature.Verify(SpecSecret, null, SpecTimestamp.ToString(), right, SpecBody, SpecTime));
        Assert.Equal(WebhookVerification.Malformed, WebhookSignature.Verify(SpecSecret, SpecId, SpecTimestamp.ToString(), "", SpecBody, SpecTime));
    }

    private static WebhookVerification Verify(string signature, string body, DateTimeOffset now) =>
        WebhookSignature.Verify(SpecSecret, SpecId, SpecTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body, now);
}
