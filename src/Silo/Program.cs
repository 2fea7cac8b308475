using Recall.Api;
using Recall.Silo;
using Recall.Silo.Cluster;
using Recall.Silo.Demo;

var builder = WebApplication.CreateBuilder(SiloExtensions.WithoutConfigReload(args));
builder.AddSilo();
builder.AddRecallApi();

var app = builder.Build();
app.MapRecallApi();
app.MapOperatorDashboard();
if (args.Contains("--demo"))
{
    await app.StartAsync();
    await app.Services.SeedDemoClinicAsync();
    await app.WaitForShutdownAsync();
}
else
{
    await app.RunAsync();
}

/// <summary>The silo process: an Orleans silo co-hosting the HTTP API (as Orleans' samples do).</summary>
public partial class Program;
