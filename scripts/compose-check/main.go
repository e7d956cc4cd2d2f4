// Command compose-check loads a Compose file with the same loader Docker Compose uses
// (github.com/compose-spec/compose-go/v2) and reports whether it is valid, without a Docker
// engine:
//
//	go run . path/to/docker-compose.yml
//
// It interpolates variables (from the process environment and a .env file next to the compose
// file, so `${VAR:-default}` takes its default when VAR is unset), validates against the Compose
// JSON schema, normalises the model, checks its consistency (depends_on targets, named volumes
// and networks exist, ...) and resolves relative paths against the compose file's directory.
// On top of the loader it checks that every build context, Dockerfile and bind-mount source it
// names exists on disk, since `docker compose up` would only find those out later.
//
// Prints "compose file OK: N services" and exits 0, or prints the error and exits 1
// (2 for wrong usage).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: compose-check COMPOSE_FILE")
		os.Exit(2)
	}
	project, err := load(context.Background(), os.Args[1])
	if err == nil {
		err = checkPaths(project)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose file INVALID: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Printf("compose file OK: %d services\n", len(project.Services))
}

func load(ctx context.Context, file string) (*types.Project, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, err
	}
	opts, err := cli.NewProjectOptions(
		[]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithOsEnv,
		cli.WithEnvFiles(), // the .env beside the compose file, if there is one
		cli.WithDotEnv,
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
		// Schema validation is on by default (loader.Options.SkipValidation stays false).
	)
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(ctx)
}

// checkPaths reports build contexts, Dockerfiles and bind-mount sources that do not exist.
// Paths are already absolute (resolved relative to the compose file) at this point.
func checkPaths(project *types.Project) error {
	var problems []error
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		svc := project.Services[name]
		if b := svc.Build; b != nil && isLocal(b.Context) {
			if !isDir(b.Context) {
				problems = append(problems, fmt.Errorf("service %q: build context %s is not a directory", name, b.Context))
			} else if b.DockerfileInline == "" {
				dockerfile := b.Dockerfile
				if dockerfile == "" {
					dockerfile = "Dockerfile"
				}
				if !filepath.IsAbs(dockerfile) {
					dockerfile = filepath.Join(b.Context, dockerfile)
				}
				if !exists(dockerfile) {
					problems = append(problems, fmt.Errorf("service %q: Dockerfile %s not found", name, dockerfile))
				}
			}
		}
		for _, v := range svc.Volumes {
			if v.Type == types.VolumeTypeBind && !exists(v.Source) {
				problems = append(problems, fmt.Errorf("service %q: bind-mount source %s not found", name, v.Source))
			}
		}
	}
	return errors.Join(problems...)
}

// isLocal tells a directory context from a git or HTTP(S) URL context.
func isLocal(context string) bool {
	return filepath.IsAbs(context)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
