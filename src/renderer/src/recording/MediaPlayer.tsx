import { useState, type Ref } from 'react'

export interface MediaPlayerProps {
  src: string
  title: string
  ref: Ref<HTMLVideoElement>
  onTime: (ms: number) => void
}

/**
 * A `<video>` plays audio-only files too; once metadata shows there is no picture, it shrinks to
 * the controls so an audio call does not leave a black box.
 */
export function MediaPlayer({ src, title, ref, onTime }: MediaPlayerProps) {
  const [audioOnly, setAudioOnly] = useState(false)
  return (
    <video
      ref={ref}
      className={audioOnly ? 'player audio-only' : 'player'}
      src={src}
      controls
      preload="metadata"
      aria-label={`Playback of ${title}`}
      onLoadedMetadata={(event) => {
        setAudioOnly(event.currentTarget.videoWidth === 0)
      }}
      onTimeUpdate={(event) => {
        onTime(event.currentTarget.currentTime * 1000)
      }}
      onSeeked={(event) => {
        onTime(event.currentTarget.currentTime * 1000)
      }}
    />
  )
}
