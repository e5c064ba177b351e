package main

import (
	"context"
	"sync"

	quic "github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/logging"
)

// handshakeFacts records what quic-go 0.29's ConnectionState does not expose:
// the version in use and whether a Retry or a Version Negotiation packet arrived.
type handshakeFacts struct {
	mu      sync.Mutex
	version quic.VersionNumber
	retry   bool
	vn      bool
}

func (f *handshakeFacts) tracer() logging.Tracer { return factsTracer{facts: f} }

func (f *handshakeFacts) snapshot() (version quic.VersionNumber, retry, vn bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, f.retry, f.vn
}

type factsTracer struct {
	logging.NullTracer
	facts *handshakeFacts
}

func (t factsTracer) TracerForConnection(context.Context, logging.Perspective, logging.ConnectionID) logging.ConnectionTracer {
	return factsConnTracer{facts: t.facts}
}

type factsConnTracer struct {
	logging.NullConnectionTracer
	facts *handshakeFacts
}

func (t factsConnTracer) NegotiatedVersion(chosen logging.VersionNumber, _, _ []logging.VersionNumber) {
	t.facts.mu.Lock()
	t.facts.version = chosen
	t.facts.mu.Unlock()
}

func (t factsConnTracer) ReceivedRetry(*logging.Header) {
	t.facts.mu.Lock()
	t.facts.retry = true
	t.facts.mu.Unlock()
}

func (t factsConnTracer) ReceivedVersionNegotiationPacket(*logging.Header, []logging.VersionNumber) {
	t.facts.mu.Lock()
	t.facts.vn = true
	t.facts.mu.Unlock()
}
