using System.Net;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests.Support;

/// <summary>A request body of unknown length (sent chunked): the server learns its size only by reading it.</summary>
internal sealed class UnsizedContent(long length, int seed = 1) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = new UnsizedStream(length, seed);
        await source.CopyToAsync(stream, 64 * 1024);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
