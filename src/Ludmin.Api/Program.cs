using Ludmin.Api.CommandLine;
using Ludmin.Api.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = CommandLineTools.HostArguments(args),
    EnvironmentName = LudminEnvironment.FromLudminConfig(Environment.GetEnvironmentVariable(LudminEnvironment.Variable)),
    ContentRootPath = ContentRoot.Choose(args, Environment.GetEnvironmentVariable, AppContext.BaseDirectory),
});
builder.Services.AddLudminApi();

var app = builder.Build();
if (CommandLineTools.IsCommand(args))
{
    return await CommandLineTools.RunAsync(app, args);
}

app.UseLudminApi();

// Read before the run: RunAsync disposes the services, and the lifetime with them, when it ends.
var lifetime = app.Lifetime;
try
{
    await app.RunAsync();
}
catch (Exception ex) when (!lifetime.ApplicationStarted.IsCancellationRequested)
{
    // A refused start (a missing setting, an unwritable store) has been logged by the host; an
    // exit code tells the supervisor, where an unhandled exception would abort with a core dump.
    await Console.Error.WriteLineAsync("Ludmin did not start: " + ex.Message);
    return 1;
}

return 0;
