package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	quic "github.com/lucas-clemente/quic-go"
)

// runServer listens, prints "listening HOST:PORT" as its first stdout line, and serves HLD
// until SIGTERM/SIGINT or -lifetime, so it always stops by itself.
func runServer(o *options) error {
	keylog, err := openKeylog(o.keylog)
	if err != nil {
		return err
	}
	tlsConf, err := serverTLSConfig(o, keylog)
	if err != nil {
		return err
	}
	conf := &quic.Config{Versions: o.versions}
	if o.retry {
		conf.RequireAddressValidation = func(net.Addr) bool { return true }
	}
	ln, err := quic.ListenAddr(o.addr, tlsConf, conf)
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", ln.Addr())
	os.Stdout.Sync()

	ctx, cancel := context.WithTimeout(context.Background(), o.lifetime)
	defer cancel()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		select {
		case s := <-signals:
			fmt.Fprintf(os.Stderr, "quicpeer: %s, closing\n", s)
			cancel()
		case <-ctx.Done():
		}
	}()
	go acceptConns(ctx, ln, o)
	<-ctx.Done()
	ln.Close()
	// Give CONNECTION_CLOSE frames a moment to leave.
	time.Sleep(50 * time.Millisecond)
	return nil
}

func acceptConns(ctx context.Context, ln quic.Listener, o *options) {
	for {
		conn, err := ln.Accept(ctx)
		if err != nil {
			return
		}
		state := conn.ConnectionState().TLS
		fmt.Fprintf(os.Stderr, "quicpeer: accepted %s alpn=%s\n", conn.RemoteAddr(), state.NegotiatedProtocol)
		go acceptStreams(ctx, conn, o)
	}
}

func acceptStreams(ctx context.Context, conn quic.Connection, o *options) {
	for {
		str, err := conn.AcceptStream(ctx)
		if err != nil {
			return
		}
		go handleStream(str, o)
	}
}
