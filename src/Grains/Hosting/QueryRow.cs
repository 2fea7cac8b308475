namespace Recall.Grains.Hosting;

/// <summary>
/// A row a grain maintains in a query table (lists, filters, reports). Rows are flat records so
/// that value equality tells the host whether a row changed and needs writing.
/// </summary>
[Orleans.GenerateSerializer]
public abstract record QueryRow
{
    /// <summary>Identifies the row among the rows of the same type owned by one grain.</summary>
    public abstract string RowKey { get; }
}
