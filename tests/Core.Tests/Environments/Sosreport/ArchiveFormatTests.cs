using System.Text.Json;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>The real sosreport packed as plain tar, tar.gz and tar.bz2 reads as the tar.xz sos made: the format is told by the bytes, not the name.</summary>
public sealed class ArchiveFormatTests
{
    [Theory]
    [InlineData("tar", "sosreport.tar")]
    [InlineData("gzip", "sosreport.tar.gz")]
    [InlineData("bzip2", "sosreport.tar.bz2")]
    [InlineData("xz", "upload.bin")]
    public async Task Every_compression_gives_the_same_document(string compression, string name)
    {
        var real = await RealSosreport.GetAsync();
        byte[] tar = Programs.Unxz(real.Bytes);
        byte[] bytes = compression switch
        {
            "tar" => tar,
            "gzip" => Programs.Gzip(tar),
            "bzip2" => Programs.Bzip2(tar),
            _ => real.Bytes,
        };

        var document = await SosreportReader.ReadAsync(new MemoryStream(bytes, writable: false), name, RealSosreport.At, SosreportLimits.Default, CancellationToken.None);

        Assert.Equal(Json(await RealSosreport.DocumentAsync()), Json(document));
    }

    [Fact]
    public async Task The_upload_need_not_be_seekable()
    {
        var real = await RealSosreport.GetAsync();

        var document = await SosreportReader.ReadAsync(new ForwardOnlyStream(real.Bytes), real.FileName, RealSosreport.At, SosreportLimits.Default, CancellationToken.None);

        Assert.Equal(Json(await RealSosreport.DocumentAsync()), Json(document));
    }

    private static string Json(EnvironmentDocument document) => JsonSerializer.Serialize(document);

    /// <summary>An upload as an HTTP body gives it: read only, forward only, in small pieces.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous read of an upload");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = Math.Min(Math.Min(buffer.Length, 1000), bytes.Length - position);
            bytes.AsSpan(position, n).CopyTo(buffer.Span);
            position += n;
            return ValueTask.FromResult(n);
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
