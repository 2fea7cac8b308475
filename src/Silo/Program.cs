using Recall.Api;
using Recall.Silo;
using Recall.Silo.Cluster;
using Recall.Silo.Demo;

if (!DemoSwitch.TryParse(args, out var seedDemo, out var hostArgs, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

var builder = WebApplication.CreateBuilder(SiloExtensions.WithoutConfigReload(hostArgs));
builder.AddSilo();
builder.AddRecallApi();

var app = builder.Build();
app.MapRecallApi();
app.MapOperatorDashboard();
if (seedDemo is not null)
{
    await app.StartAsync();
    await seedDemo(app.Services);
    await app.WaitForShutdownAsync();
}
else
{
    await app.RunAsync();
}

return 0;

/// <summary>The silo process: an Orleans silo co-hosting the HTTP API (as Orleans' samples do).</summary>
public partial class Program;
