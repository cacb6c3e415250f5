namespace Crashdesk.Core.Environments;

/// <summary>A line of a package list that could not be read, and why.</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Message">What is wrong with it, for the person who pasted it.</param>
public sealed record PackageListProblem(int Line, string Message);
