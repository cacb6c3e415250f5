namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>The printk buffer generation a log was read from (detected by VMCOREINFO symbols).</summary>
public enum KernelLogLayout
{
    /// <summary>5.10+: the lockless ring buffer (SYMBOL(prb); kernel/printk/printk_ringbuffer.h).</summary>
    LocklessRingBuffer,

    /// <summary>3.11–5.9: struct printk_log records (SIZE(printk_log)).</summary>
    PrintkLogRecords,

    /// <summary>3.5–3.10: the same records named struct log (SIZE(log)).</summary>
    LogRecords,

    /// <summary>Before 3.5: a character buffer (log_buf, log_end).</summary>
    CharacterBuffer,
}
