// The local camera and microphone: preview, front/back switch (facingMode, standard on every
// browser; desktops with one camera simply keep it), and microphone mute.

const VIDEO = {width: {ideal: 1280}, height: {ideal: 720}, frameRate: {ideal: 30}};

export class Camera {
  stream = null;
  facingMode = "user";
  muted = false;
  videoOff = false;

  #opening = null;

  /** The stream, opened once: the preview and going live may both ask before the first ask is answered. */
  start() {
    this.#opening ??= navigator.mediaDevices.getUserMedia({
      audio: {echoCancellation: true, noiseSuppression: true},
      video: {...VIDEO, facingMode: this.facingMode}
    }).then(stream => {
      this.stream = stream;
      return stream;
    }, error => {
      this.#opening = null;
      throw error;
    });
    return this.#opening;
  }

  /** Opens the other camera and returns its track; the caller swaps it into its senders. */
  async switchCamera() {
    const next = this.facingMode === "user" ? "environment" : "user";
    const old = this.stream.getVideoTracks()[0];
    // Phones often cannot open both cameras at once, so the current one stops first.
    old?.stop();
    let fresh;
    try {
      fresh = await navigator.mediaDevices.getUserMedia({video: {...VIDEO, facingMode: {exact: next}}});
      this.facingMode = next;
    } catch {
      // No camera facing that way (a laptop): reopen the one we had.
      fresh = await navigator.mediaDevices.getUserMedia({video: {...VIDEO, facingMode: this.facingMode}});
    }
    const track = fresh.getVideoTracks()[0];
    if (old) this.stream.removeTrack(old);
    this.stream.addTrack(track);
    return track;
  }

  /** Camera off: the track stays (no renegotiation) but sends black frames; on again at once. */
  toggleVideo() {
    this.videoOff = !this.videoOff;
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = !this.videoOff;
    return this.videoOff;
  }

  toggleMute() {
    this.muted = !this.muted;
    for (const track of this.stream?.getAudioTracks() ?? []) track.enabled = !this.muted;
    return this.muted;
  }

  stop() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.#opening = null;
    this.muted = false;
    this.videoOff = false;
  }
}
