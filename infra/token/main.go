// Command token prints a dev JWT for the local dev server:
// make token ROLE=municipality ORG=utrecht (or ORG=amersfoort,soest,baarn),
// make token ROLE=contractor ORG=12345678.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/srmonitor/srmonitor/infra/devserver"
)

func main() {
	role := flag.String("role", "municipality", "municipality or contractor")
	org := flag.String("org", "utrecht", "municipality id(s), comma-separated, or the contractor's KvK number")
	sub := flag.String("sub", "", "user id (default: role-org)")
	ttl := flag.Duration("ttl", 12*time.Hour, "how long the token is valid")
	flag.Parse()
	if *sub == "" {
		*sub = *role + "-" + *org
	}
	secret := os.Getenv("SRM_DEV_JWT_SECRET")
	if secret == "" {
		secret = devserver.DefaultSecret
	}
	tok, err := devserver.NewVerifier(secret).Token(*sub, *role, *org, *ttl)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(tok)
}
