namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// One kernel log record. <see cref="Text"/> is already sanitised the way crash prints it
/// (non-printable bytes as '.'); it may hold '\n' for multi-line messages.
/// </summary>
/// <param name="TimestampNanoseconds">printk time (local clock) in ns; null for the pre-3.5
/// character buffer (whose lines carry their own "[  time]" text) and for data-less records.</param>
/// <param name="Text">The message text.</param>
/// <param name="Sequence">printk sequence number (lockless ring buffer only).</param>
public sealed record KernelLogRecord(ulong? TimestampNanoseconds, string Text, ulong? Sequence = null);
