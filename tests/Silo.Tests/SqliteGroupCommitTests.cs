using Microsoft.Extensions.DependencyInjection;
using Recall.Silo.Storage.Sqlite;

namespace Recall.Silo.Tests;

/// <summary>
/// The SQLite writer commits the turns queued together in one transaction; a turn whose writes
/// fail must still fail alone.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    [Fact]
    public async Task Group_OneWriteThrows_OnlyItsOwnWritesAreUndone()
    {
        await using var silo = await TestSilo.StartAsync(StorageProvider.Sqlite);
        var database = silo.Services.GetRequiredService<SqliteDatabase>();
        await database.WriteAsync(w => w.Command("CREATE TABLE probe (n INTEGER PRIMARY KEY)").ExecuteNonQuery());

        // Hold the writer so the next 50 writes queue up and are taken as one group.
        using var held = new ManualResetEventSlim();
        var holding = database.WriteAsync(_ => held.Wait(TimeSpan.FromSeconds(30)));
        var writes = Enumerable.Range(0, 50).Select(n => database.WriteAsync(w =>
        {
            w.Command("INSERT INTO probe (n) VALUES ($n)").With("$n", n).ExecuteNonQuery();
            if (n == 25)
            {
                throw new InvalidOperationException("The 26th turn fails after its insert.");
            }
        })).ToList();
        held.Set();
        await holding;

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[25]);
        await Task.WhenAll(writes.Where((_, n) => n != 25));
        Assert.Equal(49, silo.Scalar("SELECT COUNT(*) FROM probe"));
        Assert.Equal(0, silo.Scalar("SELECT COUNT(*) FROM probe WHERE n = 25"));
    }
}
