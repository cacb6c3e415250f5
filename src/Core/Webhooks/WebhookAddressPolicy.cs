using System.Net;
using System.Net.Sockets;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Which URLs and addresses a webhook may go to. A webhook makes the service send requests where an
/// organisation's admin says — server-side request forgery unless limited (OWASP SSRF Prevention Cheat
/// Sheet). Refused: other schemes than http/https, credentials in the URL (they would be shown and
/// logged), multicast/broadcast/unspecified addresses, loopback (the service's own database and ports)
/// unless <see cref="WebhookOptions.AllowLoopback"/>, and link-local (RFC 3927, RFC 4291 §2.5.6: where
/// clouds serve instance metadata and credentials at 169.254.169.254, AWS also at fd00:ec2::254)
/// unless <see cref="WebhookOptions.AllowLinkLocal"/>. Private networks (RFC 1918, RFC 4193) stay
/// allowed: support centres run their ticketing systems there. The URL is checked when saved and
/// every address again at connect time (<see cref="WebhookSender"/>), so a name that later resolves
/// elsewhere (DNS rebinding) is refused too.
/// </summary>
public sealed class WebhookAddressPolicy(WebhookOptions options)
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>The URL as saved, or a <see cref="ValidationException"/> naming what is wrong with it.</summary>
    public Uri ValidateUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookEndpoint.UrlMax || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw new ValidationException("url", $"the URL must be an absolute http or https address of at most {WebhookEndpoint.UrlMax} characters");
        if (uri.Scheme is not ("http" or "https"))
            throw new ValidationException("url", $"the URL's scheme is {uri.Scheme}; webhooks go only to http or https");
        if (uri.UserInfo.Length > 0)
            throw new ValidationException("url", "the URL holds credentials; verify the webhook's signature instead");
        if (uri.IsLoopback && !options.AllowLoopback)
            throw new ValidationException("url", $"{uri.Host} is this machine (loopback); the service does not send webhooks there unless Webhooks:AllowLoopback is set");
        if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && Refusal(address) is { } why)
            throw new ValidationException("url", $"{uri.Host} is {why}; the service does not send webhooks there");
        return uri;
    }

    /// <summary>Why a connection to <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return options.AllowLoopback ? null : "a loopback address (Webhooks:AllowLoopback is off)";
        if (IsLinkLocal(address) || address.Equals(AwsMetadataV6))
            return options.AllowLinkLocal ? null : "a link-local or cloud metadata address (Webhooks:AllowLinkLocal is off)";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast) || IsMulticast(address))
            return "no unicast address";
        return null;
    }

    private static bool IsLinkLocal(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes() is [169, 254, ..]
        : address.IsIPv6LinkLocal;

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes()[0] is >= 224 and <= 239
        : address.IsIPv6Multicast;
}
