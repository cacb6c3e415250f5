namespace Crashdesk.Analysis.Shell;

/// <summary>
/// A clickable span of a command's output: <see cref="Length"/> characters from <see cref="Start"/>
/// (UTF-16 offsets into <see cref="ShellReply.Text"/>) run <see cref="Command"/> when clicked — a
/// PID opens <c>bt PID</c>, a kernel address <c>sym</c> or <c>rd</c>, as a person reading crash's
/// output would type next.
/// </summary>
public sealed record ShellLink(int Start, int Length, string Command);
