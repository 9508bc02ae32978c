-- wrk script: universal-auth login with the client id/secret from the environment
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"clientId":"%s","clientSecret":"%s"}', os.getenv("BENCH_CLIENT_ID"), os.getenv("BENCH_CLIENT_SECRET"))
