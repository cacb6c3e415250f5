using Crashdesk.Api.Auth;
using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>/api/v1/cases/{id}/notes: Markdown notes on a case, optionally anchored to a place in its report.</summary>
internal static class NoteEndpoints
{
    public static RouteGroupBuilder MapNoteApi(this RouteGroupBuilder api)
    {
        var notes = api.MapGroup("/cases/{id:guid}/notes").WithTags("Notes");
        notes.MapGet("/", ListAsync).WithName("ListNotes").ForCustomers()
            .WithSummary("The case's notes, oldest first, with their anchors placed in the newest report")
            .WithDescription("includeDeleted=true also lists deleted notes (with deletedAt)." + ListPaging.Described);
        notes.MapPost("/", AddAsync).WithName("AddNote").ForCustomers()
            .WithSummary("Adds a Markdown note, optionally anchored to a log line, a frame, a task or a lock of the newest report");
        notes.MapPut("/{noteId:guid}", EditAsync).WithName("EditNote")
            .WithSummary("Replaces a note's body; the old body is kept in its revisions")
            .WithDescription("409 when revision is not the note's current revision (someone edited it meanwhile).");
        notes.MapDelete("/{noteId:guid}", DeleteAsync).WithName("DeleteNote")
            .WithSummary("Deletes a note (softly: the timeline keeps that it was there)");
        notes.MapGet("/{noteId:guid}/revisions", RevisionsAsync).WithName("ListNoteRevisions")
            .WithSummary("What the note said before each edit, oldest first").WithDescription(ListPaging.Described);
        return api;
    }

    private static readonly Keyset<NoteDto> NoteOrder = Keyset<NoteDto>.By(n => n.CreatedAt).ThenBy(n => n.Id);
    private static readonly Keyset<NoteRevisionDto> RevisionOrder = Keyset<NoteRevisionDto>.By(r => r.Revision);

    private static async Task<Results<Ok<CursorPageDto<NoteDto>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, INoteService notes, CancellationToken cancellationToken, bool includeDeleted = false,
        string? cursor = null, int? limit = null)
    {
        var list = await notes.ListAsync(user.Caller(), id, includeDeleted, null, cancellationToken);
        return list is null ? CaseEndpoints.NotFound(id)
            : TypedResults.Ok(ListPaging.Page(list.Select(Dto.Of), NoteOrder, $"notes|{id}|{includeDeleted}", cursor, limit));
    }

    private static async Task<Results<Created<NoteDto>, ProblemHttpResult>> AddAsync(
        Guid id, CreateNoteRequest request, ClaimsPrincipal user, INoteService notes, CancellationToken cancellationToken)
    {
        var added = await notes.AddAsync(user.Caller(), id, new NewNote(request.Body, request.AnchorKind, request.AnchorPosition, ParseVisibility(request.Visibility)), cancellationToken);
        return added is null ? CaseEndpoints.NotFound(id) : TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/cases/{id}/notes/{added.Id}", Dto.Of(added));
    }

    private static async Task<Results<Ok<NoteDto>, ProblemHttpResult>> EditAsync(
        Guid id, Guid noteId, EditNoteRequest request, ClaimsPrincipal user, INoteService notes, CancellationToken cancellationToken)
    {
        try
        {
            var edited = await notes.EditAsync(user.Caller(), id, noteId, request.Revision, request.Body, cancellationToken);
            return edited is null ? NoteNotFound(noteId) : TypedResults.Ok(Dto.Of(edited));
        }
        catch (NoteConflictException e)
        {
            return Problems.Of(status: StatusCodes.Status409Conflict, title: "The note changed meanwhile", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["currentRevision"] = e.CurrentRevision });
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid noteId, ClaimsPrincipal user, INoteService notes, CancellationToken cancellationToken) =>
        await notes.DeleteAsync(user.Caller(), id, noteId, cancellationToken) ? TypedResults.NoContent() : NoteNotFound(noteId);

    private static async Task<Results<Ok<CursorPageDto<NoteRevisionDto>>, ProblemHttpResult>> RevisionsAsync(
        Guid id, Guid noteId, ClaimsPrincipal user, INoteService notes, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var revisions = await notes.RevisionsAsync(user.Caller(), id, noteId, cancellationToken);
        return revisions is null ? NoteNotFound(noteId)
            : TypedResults.Ok(ListPaging.Page(revisions.Select(Dto.Of), RevisionOrder, $"revisions|{id}|{noteId}", cursor, limit));
    }

    private static ProblemHttpResult NoteNotFound(Guid noteId) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Note not found", detail: $"There is no note {noteId} on this case.");

    private static Crashdesk.Core.Domain.NoteVisibility? ParseVisibility(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "internal" => Crashdesk.Core.Domain.NoteVisibility.Internal,
        "customer" => Crashdesk.Core.Domain.NoteVisibility.Customer,
        _ => throw new ValidationException("visibility", $"unknown visibility '{name}': internal or customer"),
    };
}
