namespace Crashdesk.Core.Jobs;

/// <summary>An uploaded debug kernel is not a usable vmlinux; the message is shown on its library row.</summary>
public sealed class DebugKernelRejectedException(string message, Exception inner) : Exception(message, inner);
