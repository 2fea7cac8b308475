using Recall.Api.Patients;

namespace Recall.Api.Tests;

public sealed class CsvReaderTests
{
    [Fact]
    public async Task Read_QuotesCommasAndLineBreaks()
    {
        var csv = new CsvReader(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n"));

        Assert.Equal(["a", "b", "c"], await NextAsync(csv));
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], await NextAsync(csv));
        Assert.Equal(2, csv.Line);
        Assert.Equal(["last", "", ""], await NextAsync(csv));
        Assert.Equal(4, csv.Line);
        Assert.Null(await csv.ReadAsync());
    }

    [Fact]
    public async Task Read_SemicolonSeparated_AsEuropeanSpreadsheetsWrite()
    {
        var csv = new CsvReader(new StringReader("id;name\n1;\"Nowak; Anna\"\n"));

        Assert.Equal(["id", "name"], await NextAsync(csv));
        Assert.Equal(["1", "Nowak; Anna"], await NextAsync(csv));
    }

    [Fact]
    public async Task Read_BlankLines_AreSkipped()
    {
        var csv = new CsvReader(new StringReader("a\n\n\nb\n"));

        Assert.Equal(["a"], await NextAsync(csv));
        Assert.Equal(["b"], await NextAsync(csv));
        Assert.Equal(4, csv.Line);
    }

    [Fact]
    public async Task Read_UnclosedQuote_Throws()
    {
        var csv = new CsvReader(new StringReader("a,\"never closed\nmore\n"));

        var error = await Assert.ThrowsAsync<FormatException>(csv.ReadAsync);

        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> NextAsync(CsvReader csv) => await csv.ReadAsync() ?? throw new Xunit.Sdk.XunitException("Expected another record.");
}
