namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// One kernel log record. <see cref="Text"/> is already sanitised the way crash prints it
/// (non-printable bytes as '.'); it may hold '\n' for multi-line messages.
/// </summary>
/// <param name="TimestampNanoseconds">printk time (local clock) in ns; null for the pre-3.5
/// character buffer (whose lines carry their own "[  time]" text) and for data-less records.</param>
/// <param name="Text">The message text.</param>
/// <param name="Sequence">printk sequence number (lockless ring buffer only).</param>
/// <param name="Level">The printk log level 0–7 (KERN_EMERG … KERN_DEBUG) the record was logged at; null where the buffer does not keep it (the pre-3.5 character buffer keeps it as "&lt;N&gt;" in the text) or its layout is unknown.</param>
public sealed record KernelLogRecord(ulong? TimestampNanoseconds, string Text, ulong? Sequence = null, int? Level = null);
