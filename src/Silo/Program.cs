using Recall.Api;
using Recall.Silo;
using Recall.Silo.Demo;

var builder = WebApplication.CreateBuilder(SiloExtensions.WithoutConfigReload(args));
builder.AddSilo();
builder.AddRecallApi();

var app = builder.Build();
app.MapRecallApi();
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

/// <summary>The silo process: the actor host co-hosting the HTTP API (as Orleans' samples do).</summary>
public partial class Program;
