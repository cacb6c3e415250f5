using System.Runtime.CompilerServices;
using Crashdesk.Analysis.IO;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Crashdesk.Core.Storage.Staging;

namespace Crashdesk.Core.Storage;

/// <summary>
/// Objects in an S3 bucket through the Minio SDK (docs/storage.md). A write reads the first
/// <see cref="S3Options.PartSizeBytes"/> of the body: a body that ends within them is put with its
/// length known (one PUT below the SDK's 5 MiB multipart threshold); a longer one is streamed into
/// the SDK's multipart upload as a body of unknown length, one 16 MiB part in memory at a time.
/// <para>Minio SDK 7.0.0 has no public multipart calls (create / upload part / complete / abort
/// are private to PutObjectAsync), so PutObjectAsync it is, with what it lacks added around it:
/// the part size is the SDK's own (16 MiB for an unknown length, not PartSizeBytes), the upload is
/// never aborted by the SDK on failure, so every failure here removes the key's incomplete uploads
/// (RemoveIncompleteUploadAsync), and the body stream adds size limit, hashing and cancellation
/// (<see cref="S3UploadBody"/>). Request bodies are sent whole with their SHA-256 in
/// x-amz-content-sha256, never aws-chunked, which s3rver could not store (platform.md).</para>
/// </summary>
public sealed class S3BlobStore(IMinioClient client, S3Options options, ILogger<S3BlobStore>? logger = null) : IBlobStore, IHasUploadStaging, IDisposable
{
    private S3UploadStaging? _staging;
    private S3Multipart? _multipart;

    /// <summary>Resumable uploads (S3 multipart underneath); made on first use, after <see cref="ServerSideEncryption"/> is set.</summary>
    private S3UploadStaging Staging => _staging ??= new S3UploadStaging(
        _multipart = new S3Multipart(options, ServerSideEncryption),
        options.StagingPath is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(Path.GetTempPath(), "crashdesk-staging"),
        options.PartSizeBytes);

    /// <summary>The local file holding the not-yet-sent bytes of part <paramref name="partNumber"/> (tests look at it).</summary>
    public string StagingTailPath(string key, int partNumber) => Staging.TailPath(key, partNumber);

    public IUploadStaging UploadStaging => Staging;

    public void Dispose() => _multipart?.Dispose();

    // Minio SDK 7.0.0 PutObjectAsync: a known size below Constants.MinimumPartSize (5 MiB) is one
    // PUT; anything else is a multipart upload.
    private const long SinglePutLimit = 5 * 1024 * 1024;

    /// <summary>The bucket objects go to.</summary>
    public string Bucket => options.Bucket;

    /// <summary>
    /// Every PUT asks for SSE-S3 (x-amz-server-side-encryption: AES256, the server's own keys; MinIO
    /// needs its KMS configured for it). Storage:Encryption:S3ServerSide = "SSE-S3".
    /// </summary>
    public bool ServerSideEncryption { get; init; }

    /// <inheritdoc />
    public async Task<BlobWriteResult> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        int headSize = options.PartSizeBytes;
        var head = HashingCopier.RentBuffer(headSize);
        bool multipart = true;
        try
        {
            using var copier = new HashingCopier(maxBytes);
            int n = await copier.FillAsync(content, head.AsMemory(0, headSize), cancellationToken);
            var args = new PutObjectArgs().WithBucket(options.Bucket).WithObject(key).WithContentType("application/octet-stream");
            if (ServerSideEncryption)
                args = args.WithServerSideEncryption(new Minio.DataModel.Encryption.SSES3());
            if (n < headSize)
            {
                multipart = n >= SinglePutLimit;
                using var body = new MemoryStream(head, 0, n, writable: false);
                await client.PutObjectAsync(args.WithStreamData(body).WithObjectSize(n), cancellationToken);
            }
            else
            {
                await using var body = new S3UploadBody(head.AsMemory(0, n), content, copier, cancellationToken);
                await client.PutObjectAsync(args.WithStreamData(body).WithObjectSize(-1), cancellationToken);
            }
            return copier.Result();
        }
        catch
        {
            if (multipart)
                await AbortAsync(key);
            throw;
        }
        finally
        {
            HashingCopier.ReturnBuffer(head);
        }
    }

    /// <inheritdoc />
    public async Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default)
    {
        long length = await GetLengthAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);
        return new S3ByteSource(client, options.Bucket, key, length, options.ReadBlockBytes, options.ReadCacheBlocks);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => OpenReadAsync(key, 0, cancellationToken);

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        var response = await new S3ObjectReader(client, options.Bucket, key).GetAsync(offset, cancellationToken);
        try
        {
            return await S3ResponseStream.OpenAsync(response, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetLengthAsync(key, cancellationToken) is not null;

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        // S3 DeleteObject answers 204 for a missing key too, so there is nothing to catch.
        await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.Bucket).WithObject(key), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Recursive: no delimiter, every key under the prefix (ListObjectsV2, pages followed by the SDK).
        var args = new ListObjectsArgs().WithBucket(options.Bucket).WithPrefix(prefix).WithRecursive(true);
        await foreach (var item in client.ListObjectsEnumAsync(args, cancellationToken))
        {
            if (!item.IsDir)
                yield return item.Key;
        }
    }

    /// <summary>Unfinished multipart uploads under a prefix (a correct abort leaves none).</summary>
    public async Task<IReadOnlyList<string>> ListPendingUploadsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        var args = new ListIncompleteUploadsArgs().WithBucket(options.Bucket).WithPrefix(prefix).WithRecursive(true);
        await foreach (var upload in client.ListIncompleteUploadsEnumAsync(args, cancellationToken))
            keys.Add(upload.Key);
        return keys;
    }

    private async Task AbortAsync(string key)
    {
        try
        {
            // CancellationToken.None: the abort must happen even when the request was cancelled.
            // The SDK lists the key's incomplete uploads and aborts each (AbortMultipartUpload); keys
            // are chosen by the service and written once, so no other writer's upload is among them.
            await client.RemoveIncompleteUploadAsync(
                new RemoveIncompleteUploadArgs().WithBucket(options.Bucket).WithObject(key), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Never hide the original failure behind the abort's; the parts are invisible to readers
            // and a bucket lifecycle rule (AbortIncompleteMultipartUpload) is the backstop.
            logger?.LogError(e, "Could not abort the multipart upload of {Key}", key);
        }
    }

    private async Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        try
        {
            var stat = await client.StatObjectAsync(new StatObjectArgs().WithBucket(options.Bucket).WithObject(key), cancellationToken);
            return stat.Size;
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
