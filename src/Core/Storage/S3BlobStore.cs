using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Crashdesk.Analysis.IO;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Storage;

/// <summary>
/// Objects in an S3 bucket. A write is a multipart upload of fixed-size parts (one part buffer in
/// memory at a time, never the whole body), aborted on any failure so no part survives; bodies that
/// fit in one part are a single PUT. <c>UseChunkEncoding = false</c> everywhere: s3rver stores
/// aws-chunked bodies verbatim, corrupting them (platform.md).
/// </summary>
public sealed class S3BlobStore(IAmazonS3 client, S3Options options, ILogger<S3BlobStore>? logger = null) : IBlobStore
{
    public string Bucket => options.Bucket;

    public async Task<BlobWriteResult> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        var buffer = HashingCopier.RentBuffer(options.PartSizeBytes);
        string? uploadId = null;
        try
        {
            using var copier = new HashingCopier(maxBytes);
            int n = await copier.FillAsync(content, buffer.AsMemory(0, options.PartSizeBytes), cancellationToken);
            if (n < options.PartSizeBytes)
            {
                await PutSingleAsync(key, buffer, n, cancellationToken);
                return copier.Result();
            }
            var start = await client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
            uploadId = start.UploadId;
            var parts = new List<PartETag>();
            while (n > 0)
            {
                int partNumber = parts.Count + 1;
                using var body = new MemoryStream(buffer, 0, n, writable: false);
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = options.Bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = n,
                    InputStream = body,
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(partNumber, part.ETag));
                n = await copier.FillAsync(content, buffer.AsMemory(0, options.PartSizeBytes), cancellationToken);
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, cancellationToken);
            uploadId = null;
            return copier.Result();
        }
        catch
        {
            if (uploadId is not null)
                await AbortAsync(key, uploadId);
            throw;
        }
        finally
        {
            HashingCopier.ReturnBuffer(buffer);
        }
    }

    public async Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default)
    {
        long length = await GetLengthAsync(key, cancellationToken) ?? throw new BlobNotFoundException(key);
        return new S3ByteSource(client, options.Bucket, key, length, options.ReadBlockBytes, options.ReadCacheBlocks);
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        try
        {
            var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
            return new S3ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetLengthAsync(key, cancellationToken) is not null;

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = options.Bucket,
                Prefix = prefix,
                ContinuationToken = token,
            }, cancellationToken);
            foreach (var entry in page.S3Objects ?? [])
                yield return entry.Key;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>Unfinished multipart uploads under a prefix (a correct abort leaves none).</summary>
    public async Task<IReadOnlyList<string>> ListPendingUploadsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var response = await client.ListMultipartUploadsAsync(
            new ListMultipartUploadsRequest { BucketName = options.Bucket, Prefix = prefix }, cancellationToken);
        return [.. (response.MultipartUploads ?? []).Select(u => u.Key)];
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // CancellationToken.None: the abort must happen even when the request was cancelled.
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = uploadId,
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Never hide the original failure behind the abort's; the parts are invisible to readers
            // and a bucket lifecycle rule (AbortIncompleteMultipartUpload) is the backstop.
            logger?.LogError(e, "Could not abort multipart upload {UploadId} of {Key}", uploadId, key);
        }
    }

    private async Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        try
        {
            var metadata = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = options.Bucket, Key = key }, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task PutSingleAsync(string key, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
        }, cancellationToken);
    }
}
