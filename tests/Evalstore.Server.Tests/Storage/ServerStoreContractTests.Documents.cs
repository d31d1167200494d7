using System.Text;
using Evalstore.Core;
using Evalstore.Core.Model;
using Evalstore.Server.Storage;
using Evalstore.Server.Tests.Support;
using Evalstore.Server.Tests.Support.Postgres;

namespace Evalstore.Server.Tests.Storage;

/// <summary>The per-result side documents of <see cref="IServerStore"/>.</summary>
public abstract partial class ServerStoreContractTests
{
    private static ResultDocument Doc(string key, string json) => new(key, Encoding.UTF8.GetBytes(json));

    private async Task<Guid> NewResultAsync(string name = "run") =>
        (await Store.CreateResultAsync(Ws, new RunSpec { Name = name, Kind = ResultKind.Evaluation })).Id;

    private async Task<List<string>> KeysAsync(Guid id, string prefix)
    {
        var keys = new List<string>();
        await foreach (var document in Store.ListDocumentsAsync(Ws, id, prefix))
        {
            keys.Add(document.Key);
        }
        return keys;
    }

    [Fact]
    public async Task Put_StoresAndReplacesAndGetReadsExactKey()
    {
        var id = await NewResultAsync();
        Assert.True(await Store.PutDocumentsAsync(Ws, id, [Doc("a", """{"v":1}"""), Doc("b", "[1,2]")]));
        Assert.True(await Store.PutDocumentsAsync(Ws, id, [Doc("a", """{"v":2}""")]));
        Assert.Equal("""{"v":2}""", Encoding.UTF8.GetString((await Store.GetDocumentAsync(Ws, id, "a"))!.Json.Span));
        Assert.Equal("[1,2]", Encoding.UTF8.GetString((await Store.GetDocumentAsync(Ws, id, "b"))!.Json.Span));
        Assert.Null(await Store.GetDocumentAsync(Ws, id, "c"));
    }

    [Fact]
    public async Task List_ReturnsPrefixMatchesInOrdinalKeyOrder()
    {
        var id = await NewResultAsync();
        await Store.PutDocumentsAsync(Ws, id,
            [Doc("pred/b", "1"), Doc("pred/a/score/2", "2"), Doc("pred/a", "3"), Doc("pred/B", "4"), Doc("pre", "5"), Doc("x", "6"),
                Doc("pred/a/score/1", "7")]);
        Assert.Equal(["pred/B", "pred/a", "pred/a/score/1", "pred/a/score/2", "pred/b"], await KeysAsync(id, "pred/"));
        Assert.Equal(["pre", "pred/B", "pred/a", "pred/a/score/1", "pred/a/score/2", "pred/b", "x"], await KeysAsync(id, ""));
        Assert.Empty(await KeysAsync(id, "zzz"));
    }

    [Fact]
    public async Task Delete_RemovesPrefixMatchesAndCountsThem()
    {
        var id = await NewResultAsync();
        await Store.PutDocumentsAsync(Ws, id, [Doc("pred/a", "1"), Doc("pred/a/score/1", "2"), Doc("pred/ab", "3"), Doc("pred/b", "4")]);
        Assert.Equal(3L, await Store.DeleteDocumentsAsync(Ws, id, "pred/a"));
        Assert.Equal(["pred/b"], await KeysAsync(id, ""));
        Assert.Equal(0L, await Store.DeleteDocumentsAsync(Ws, id, "nothing"));
    }

    [Fact]
    public async Task UnlessExists_BlocksPutAndDeleteWhileThatKeyHasADocument()
    {
        var id = await NewResultAsync();
        Assert.True(await Store.PutDocumentsAsync(Ws, id, [Doc("finish", "{}")], unlessExists: "finish"));
        Assert.False(
            await Store.PutDocumentsAsync(Ws, id, [Doc("finish", """{"second":true}"""), Doc("pred/a", "1")], unlessExists: "finish"));
        Assert.Equal("{}", Encoding.UTF8.GetString((await Store.GetDocumentAsync(Ws, id, "finish"))!.Json.Span));
        Assert.Null(await Store.GetDocumentAsync(Ws, id, "pred/a"));
        Assert.Null(await Store.DeleteDocumentsAsync(Ws, id, "", unlessExists: "finish"));
        Assert.Equal(["finish"], await KeysAsync(id, ""));
        Assert.Equal(1L, await Store.DeleteDocumentsAsync(Ws, id, "", unlessExists: "other"));
    }

    [Fact]
    public async Task Documents_WorkOnCompletedResultsAndVanishWithTheResult()
    {
        var id = await NewResultAsync();
        await Store.CompleteResultAsync(Ws, id);
        Assert.True(await Store.PutDocumentsAsync(Ws, id, [Doc("summary", "{}")]));
        Assert.True(await Store.DeleteResultAsync(Ws, id));
        var gone = await Assert.ThrowsAsync<EvalstoreException>(() => Store.GetDocumentAsync(Ws, id, "summary"));
        Assert.Equal(404, gone.Status);
        await Assert.ThrowsAsync<EvalstoreException>(() => KeysAsync(id, ""));
    }

    [Fact]
    public async Task Documents_AreInvisibleFromAnotherWorkspaceAndUnknownResults()
    {
        var id = await NewResultAsync();
        await Store.PutDocumentsAsync(Ws, id, [Doc("a", "1")]);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.GetDocumentAsync("team-b", id, "a"))).Status);
        Assert.Equal(
            404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.PutDocumentsAsync(Ws, Guid.NewGuid(), [Doc("a", "1")]))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<EvalstoreException>(() => Store.DeleteDocumentsAsync("team-b", id, ""))).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    [InlineData("é")]
    public async Task InvalidKeys_AreBadRequest(string key)
    {
        var id = await NewResultAsync();
        var problem = await Assert.ThrowsAsync<EvalstoreException>(() => Store.PutDocumentsAsync(Ws, id, [Doc(key, "1")]));
        Assert.Equal(400, problem.Status);
        Assert.Equal(400,
            (await Assert.ThrowsAsync<EvalstoreException>(() => Store.PutDocumentsAsync(Ws, id, [Doc(new string('k', 201), "1")]))).Status);
    }
}
