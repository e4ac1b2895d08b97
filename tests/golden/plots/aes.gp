# Roofline picture aes.png, written by roofline with its data file. To restyle
# it, edit this script and run gnuplot on it in its directory. Label
# positions and the angle of the roof labels are worked out for this size.
set encoding utf8
set terminal pngcairo size 1600,1000 font 'DejaVu Sans,18' linewidth 1.00 background '#ffffff' noenhanced
if (!exists("outfile")) outfile = './aes.png'
if (!exists("datafile")) datafile = './aes.dat'
set output outfile
set label 1001 'Roofline of AMD EPYC 9R14 96-Core Processor (one thread, 3.67 GHz)' at screen 0.5315,0.9640 center front noenhanced font ',20'
set label 1002 'operational intensity (ops/byte of DRAM traffic)' at screen 0.5315,0.0528 center front noenhanced
set label 1003 'performance (Gop/s)' at screen 0.0165,0.5300 center rotate by 90 front noenhanced
set logscale xy
set format x '%g'
set format y '%g'
set xrange [0.01:100]
set yrange [0.01:1000]
set lmargin at screen 0.0870
set rmargin at screen 0.9760
set bmargin at screen 0.1320
set tmargin at screen 0.9280
set grid xtics ytics lw 1 lc rgb '#d9d9d9'
set border lw 1.5
set tics nomirror out
set mxtics 10
set mytics 10
set style textbox opaque noborder margins 0.5,0.5
set key top left Left reverse samplen 1.5 spacing 1.25 box lw 1 lc rgb '#bbbbbb' opaque width 1
set label 1 'aes128_encrypt_block_bytes (per block)' at 35.3607,21.9841 right front noenhanced textcolor rgb '#000000' boxed
set arrow 1 from 11.4358,6.93189 to 12.4304,11.8819 nohead lw 1 lc rgb '#9a9a9a' back
set label 2 'aes128_encrypt_block_ttable (per block)' at 11.4358,5.67765 right front noenhanced textcolor rgb '#000000' boxed
set arrow 2 from 0.696826,4.08065 to 0.635387,10.5499 nohead lw 1 lc rgb '#9a9a9a' back
set label 3 'aes128_expand_key (per call)' at 0.696826,3.3423 left front noenhanced textcolor rgb '#000000' boxed
set label 4 'C driver (gcc -O2)' at 17.8724,9.1 left front noenhanced textcolor rgb '#000000' boxed
set label 5 'python3 samples/aes.py: static estimate falls short x287' at 13.3585,0.014647 right front noenhanced textcolor rgb '#000000' boxed
set label 6 '5.70 ops/B' at 5.44036,179.013 left front noenhanced textcolor rgb '#081d58'
set label 7 '0.70 ops/B' at 0.668114,8.91555 left front noenhanced textcolor rgb '#081d58'
set label 8 'L1 200 GB/s' at 0.0109184,3.01707 left rotate by 24.1 front noenhanced textcolor rgb '#41b6c4'
set label 9 'L2 100 GB/s' at 0.0109184,1.50853 left rotate by 24.1 front noenhanced textcolor rgb '#1d91c0'
set label 10 'L3 60.0 GB/s' at 0.0117208,0.971642 left rotate by 24.1 front noenhanced textcolor rgb '#225ea8'
set label 11 'DRAM 20.0 GB/s' at 0.0109184,0.301707 left rotate by 24.1 front noenhanced textcolor rgb '#081d58'
set label 12 'FP SIMD 114, integer SIMD 112 Gop/s' at 92.524,83.383 right front noenhanced textcolor rgb '#8073ac' boxed
set label 13 'integer scalar and FP scalar 14.0 Gop/s' at 1.62732,18.8048 right front noenhanced textcolor rgb '#b35806' boxed
set label 14 'Not drawn: aes128_encrypt_ecb_ttable (depends on nblocks)' at screen 0.0150,0.0168 left front noenhanced font ',14' textcolor rgb '#404040'
plot datafile index 0 with lines lw 2.0 dt 2 lc rgb '#41b6c4' notitle, \
     datafile index 1 with lines lw 2.0 dt 4 lc rgb '#1d91c0' notitle, \
     datafile index 2 with lines lw 2.0 dt 5 lc rgb '#225ea8' notitle, \
     datafile index 3 with lines lw 3.5 dt 1 lc rgb '#081d58' notitle, \
     datafile index 4 with lines lw 2.5 dt 2 lc rgb '#8073ac' notitle, \
     datafile index 5 with lines lw 2.5 dt 2 lc rgb '#e08214' notitle, \
     datafile index 6 with lines lw 3.0 dt 1 lc rgb '#b35806' notitle, \
     datafile index 7 with lines lw 3.0 dt 1 lc rgb '#542788' notitle, \
     datafile index 8 using 1:2:3:4 with vectors head filled size screen 0.012,25 lw 2 lc rgb '#707070' notitle, \
     datafile index 9 with points pt 7 ps 2.2 lc rgb '#000000' title 'kernel (static count)', \
     datafile index 10 with points pt 6 ps 1.8 lc rgb '#081d58' title 'ridge point', \
     datafile index 11 with points pt 9 ps 2.6 lc rgb '#1a9850' title 'measured run', \
     datafile index 12 with points pt 5 ps 2.0 lc rgb '#d73027' title 'measured run, interpreted'
