using System.IO.Compression;
using System.IO.Pipelines;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;

using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// The stream phase of <see cref="SosreportReader"/>: one forward pass over the upload, decompressing
/// as it goes, checking every member's path, link and declared size against the limits before its
/// data is read, and keeping only the members the reader parses (each capped). Nothing is extracted:
/// no file is written anywhere, the upload need not be seekable, and memory holds only the kept members.
/// </summary>
internal static class SosreportScan
{
    /// <summary>Most compressed bytes read ahead of the decoder (the pipe's back-pressure threshold).</summary>
    private const int ReadAhead = 4 << 20;

    /// <summary>Most links kept on the way to parsed members: sos writes about fifteen; more is no sosreport's doing, and they are not followed.</summary>
    private const int MaxKeptLinks = 1000;

    /// <summary>Longest link target followed: Linux's PATH_MAX (4096, with its NUL). A longer one cannot name a file sos collected.</summary>
    private const int MaxPathLength = 4095;

    /// <summary>
    /// Reads the upload asynchronously into a pipe, and decodes it synchronously on a thread of its
    /// own: SharpCompress's xz decoder is about three times slower through its async methods (0.58 s
    /// against 0.19 s for a 12 MB report), and an upload (an HTTP body, an S3 object) must not be read
    /// synchronously. The decoding thread waits on the pipe, never a thread-pool thread on the network.
    /// </summary>
    public static async Task<SosreportContents> ScanAsync(Stream archive, string fileName, SosreportLimits limits, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: ReadAhead, resumeWriterThreshold: ReadAhead / 2, useSynchronizationContext: false));
        var scanning = Task.Factory.StartNew(() =>
        {
            try
            {
                // Buffered, so the decoders' small reads do not each go through the pipe.
                return Scan(new BufferedStream(pipe.Reader.AsStream(), 64 * 1024), fileName, limits, cancellationToken);
            }
            finally
            {
                // Stops the pump when the scan ends early (a refusal) as well.
                pipe.Reader.Complete();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default); // always runs: its finally ends the pump
        await PumpAsync(archive, pipe.Writer, cancellationToken).ConfigureAwait(false);
        return await scanning.ConfigureAwait(false);
    }

    /// <summary>Copies the upload into the pipe until its end, or until the scan stops reading; an upload's error reaches the scan as the pipe's.</summary>
    private static async Task PumpAsync(Stream archive, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                int n = await archive.ReadAsync(writer.GetMemory(81920), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    break;
                writer.Advance(n);
                if ((await writer.FlushAsync(cancellationToken).ConfigureAwait(false)).IsCompleted)
                    break;
            }
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            await writer.CompleteAsync(failure).ConfigureAwait(false);
        }
    }

    private static SosreportContents Scan(Stream archive, string fileName, SosreportLimits limits, CancellationToken cancellationToken)
    {
        string file = ArchivePath.Display(fileName);
        var counted = new CountingStream(archive);
        var head = new byte[ArchiveSniffer.HeadLength];
        int headLength;
        try
        {
            headLength = counted.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            throw Refused(fileName, file, null, "the upload could not be read", failure);
        }
        if (headLength == 0)
            throw new SosreportRejectedException(fileName, null, $"{file} is empty: not a sosreport");
        var compression = ArchiveSniffer.Detect(head.AsSpan(0, headLength));
        if (ArchiveSniffer.Refusal(compression, file) is { } refusal)
            throw new SosreportRejectedException(fileName, null, refusal);

        string what = ArchiveSniffer.Name(compression);
        TarStreamReader? tar = null;
        Stream? decompressed = null;
        try
        {
            var prefixed = new PrefixedReadStream(head, headLength, counted);
            decompressed = compression switch
            {
                // SharpCompress for xz and bzip2 (the BCL has neither); the BCL's zlib for gzip (native,
                // and it reads concatenated gzip members as gzip(1) does).
                ArchiveCompression.Xz => new XZStream(prefixed),
                ArchiveCompression.Bzip2 => BZip2Stream.Create(prefixed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true),
                ArchiveCompression.Gzip => new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true),
                _ => prefixed,
            };
            var metered = new MeteredStream(decompressed, counted, compression != ArchiveCompression.None, limits);
            tar = new TarStreamReader(metered, cancellationToken);
            var reader = tar;
            metered.Member = () => reader.Current?.Name;
            return ScanMembers(tar, fileName, file, limits);
        }
        catch (ArchiveProblemException problem) when (problem.NotTar)
        {
            throw new SosreportRejectedException(fileName, null, compression == ArchiveCompression.None
                ? ArchiveSniffer.Refusal(ArchiveCompression.Unknown, file)!
                : $"{file} is not a sosreport: its {what} data is not a tar archive", problem);
        }
        catch (ArchiveProblemException problem)
        {
            throw Refused(fileName, file, tar?.Current?.Name, problem.Message, problem);
        }
        catch (Exception failure) when (failure is not (SosreportRejectedException or OperationCanceledException))
        {
            // The decompressor's or the upload's own error: its type and wording are not the user's words.
            string where = tar?.Current is { } current ? $"near member \"{ArchivePath.Display(current.Name)}\"" : "at its start";
            string problem = counted.Failed
                ? $"the upload could not be read to its end (stopped {where})"
                : compression == ArchiveCompression.None
                    ? $"the tar data could not be read {where}"
                    : $"the {what} data is damaged or cut short {where}";
            throw Refused(fileName, file, tar?.Current?.Name, problem, failure);
        }
        finally
        {
            decompressed?.Dispose();
        }
    }

    private static SosreportContents ScanMembers(TarStreamReader tar, string fileName, string file, SosreportLimits limits)
    {
        var contents = new SosreportContents();
        // Targets of the links kept so far (from the archive's root): the members they point to are kept too.
        var linkedPaths = new HashSet<string>(StringComparer.Ordinal);
        var linkedDirectories = new HashSet<string>(StringComparer.Ordinal);
        string? firstComponent = null;
        bool oneTopDirectory = true, anythingInside = false, sawSos = false;
        long declaredTotal = 0, keptTotal = 0;
        int members = 0, keptLinks = 0;

        while (tar.Next() is { } entry)
        {
            string name = entry.Name;
            string quoted = $"member \"{ArchivePath.Display(name)}\"";
            if (++members > limits.MaxEntries)
                throw Refused(fileName, file, name, $"{quoted} is member number {Sizes.Count(members)}, more than the {Sizes.Count(limits.MaxEntries)} a sosreport may have (a tar bomb?)");
            if (ArchivePath.IsAbsolute(name))
                throw Refused(fileName, file, name, $"{quoted} has an absolute path, outside the archive");
            string path = ArchivePath.Normalize(name)
                ?? throw Refused(fileName, file, name, $"{quoted} points outside the archive");
            if (entry.DeclaredSize > limits.MaxMemberBytes)
                throw Refused(fileName, file, name,
                    $"{quoted} declares {Sizes.Format(entry.DeclaredSize)} ({Sizes.Count(entry.DeclaredSize)} bytes){(entry.IsSparse ? " as a sparse file" : "")}, more than the {Sizes.Format(limits.MaxMemberBytes)} one member may have");
            declaredTotal += entry.DeclaredSize;
            if (declaredTotal > limits.MaxTotalBytes)
                throw Refused(fileName, file, name,
                    $"{quoted} brings the members' declared sizes to {Sizes.Format(declaredTotal)}, more than the {Sizes.Format(limits.MaxTotalBytes)} allowed in all (a tar bomb?)");
            if (path.Length == 0)
                continue; // "./": the archive's root itself

            int slash = path.IndexOf('/');
            string top = slash < 0 ? path : path[..slash];
            firstComponent ??= top;
            oneTopDirectory &= top == firstComponent;
            anythingInside |= slash >= 0;
            string? inside = slash < 0 ? null : path[(slash + 1)..];
            sawSos |= SosPaths.IsSosMarker(path) || (inside is not null && SosPaths.IsSosMarker(inside));
            bool wanted = linkedPaths.Contains(path) || SosPaths.Wanted.Contains(path) || (inside is not null && SosPaths.Wanted.Contains(inside));

            switch (entry.Kind)
            {
                case TarEntryKind.SymbolicLink or TarEntryKind.HardLink:
                {
                    string target = entry.LinkTarget ?? "";
                    bool hard = entry.Kind == TarEntryKind.HardLink;
                    string kind = hard ? "a hard link" : "a symbolic link";
                    if (ArchivePath.IsAbsolute(target))
                        throw Refused(fileName, file, name, $"{quoted} is {kind} to \"{ArchivePath.Display(target)}\", outside the archive");
                    // A symbolic link's target is relative to its directory; a hard link's names a member from the root.
                    string resolved = (hard ? ArchivePath.Normalize(target) : ArchivePath.SymbolicLinkTarget(path, target))
                        ?? throw Refused(fileName, file, name, $"{quoted} is {kind} to \"{ArchivePath.Display(target)}\", which points outside the archive");
                    bool onTheWay = wanted || linkedDirectories.Contains(path) || SosPaths.WantedDirectories.Contains(path)
                        || (inside is not null && SosPaths.WantedDirectories.Contains(inside));
                    if (onTheWay && target.Length > 0 && resolved.Length <= MaxPathLength && keptLinks++ < MaxKeptLinks)
                    {
                        contents.AddLink(path, new SosreportLink(target, resolved, hard));
                        linkedPaths.Add(resolved);
                        linkedDirectories.UnionWith(SosPaths.Directories(resolved));
                    }
                    break;
                }
                case TarEntryKind.File when wanted:
                    if (entry.IsSparse)
                        contents.AddSparse(path);
                    else if (entry.DataSize > limits.MaxParsedMemberBytes)
                        contents.AddTooLarge(path, entry.DataSize);
                    else
                    {
                        keptTotal += entry.DataSize;
                        if (keptTotal > limits.MaxParsedTotalBytes)
                            throw Refused(fileName, file, name,
                                $"{quoted} brings the members read to {Sizes.Format(keptTotal)}, more than the {Sizes.Format(limits.MaxParsedTotalBytes)} allowed (the archive repeats the members a sosreport is read from)");
                        contents.AddFile(path, tar.ReadData());
                    }
                    break;
            }
        }
        // Read to the end: the decompressor checks the data's check value (xz CRC, gzip CRC-32) there.
        tar.Drain();

        if (!sawSos)
            throw new SosreportRejectedException(fileName, null, $"{file} is not a sosreport: a tar archive without sos_commands/ or version.txt");
        contents.Prefix = oneTopDirectory && anythingInside && firstComponent is not null ? firstComponent + "/" : "";
        contents.MemberCount = members;
        return contents;
    }

    private static SosreportRejectedException Refused(string fileName, string file, string? member, string problem, Exception? inner = null) =>
        new(fileName, member, $"{file}: {problem}; refused (nothing was extracted)", inner);
}
