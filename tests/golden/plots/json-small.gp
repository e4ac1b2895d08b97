# Roofline picture json-small.svg, written by roofline with its data file. To restyle
# it, edit this script and run gnuplot on it in its directory. Label
# positions and the angle of the roof labels are worked out for this size.
set encoding utf8
set terminal svg size 800,500 font 'DejaVu Sans,12' linewidth 0.50 background '#ffffff' noenhanced
if (!exists("outfile")) outfile = './json-small.svg'
if (!exists("datafile")) datafile = './json-small.dat'
set output outfile
set label 1001 'Roofline of AMD EPYC 9R14 96-Core Processor (one thread, 3.67 GHz)' at screen 0.5315,0.9640 center front noenhanced font ',13'
set label 1002 'operational intensity (ops/byte of DRAM traffic)' at screen 0.5315,0.0528 center front noenhanced
set label 1003 'performance (Gop/s)' at screen 0.0165,0.5300 center rotate by 90 front noenhanced
set logscale xy
set format x '%g'
set format y '%g'
set xrange [0.01:100]
set yrange [0.001:1000]
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
set arrow 1 from 0.44311,3.42007 to 0.407654,6.52948 nohead lw 1 lc rgb '#9a9a9a' back
set label 1 'json_encode_record (per record)' at 0.44311,2.69163 left front noenhanced textcolor rgb '#000000' boxed
set label 2 'C driver (gcc -O2)' at 0.379332,1.39648 left front noenhanced textcolor rgb '#000000' boxed
set label 3 'python3 json.dumps: static estimate falls short x42' at 0.329201,0.16 left front noenhanced textcolor rgb '#000000' boxed
set label 4 'python3 pure-Python encoder: static estimate falls short x702' at 0.139277,0.009 left front noenhanced textcolor rgb '#000000' boxed
set label 5 '5.70 ops/B' at 5.44036,195.921 left front noenhanced textcolor rgb '#081d58'
set label 6 '0.70 ops/B' at 0.668114,8.14615 left front noenhanced textcolor rgb '#081d58'
set label 7 'L1 200 GB/s' at 0.0110454,3.22354 left rotate by 20.5 front noenhanced textcolor rgb '#41b6c4'
set label 8 'L2 100 GB/s' at 0.0110454,1.61177 left rotate by 20.5 front noenhanced textcolor rgb '#1d91c0'
set label 9 'L3 60.0 GB/s' at 0.0197751,1.73138 left rotate by 20.5 front noenhanced textcolor rgb '#225ea8'
set label 10 'DRAM 20.0 GB/s' at 0.0110454,0.322354 left rotate by 20.5 front noenhanced textcolor rgb '#081d58'
set label 11 'FP SIMD 114, integer SIMD 112 Gop/s' at 92.524,78.6048 right front noenhanced textcolor rgb '#8073ac' boxed
set label 12 'integer scalar and FP scalar 14.0 Gop/s' at 92.524,19.9479 right front noenhanced textcolor rgb '#b35806' boxed
set label 13 'Measured under 1 B of DRAM traffic per unit, so drawn at the static intensity: C driver (gcc -O2)' at screen 0.0150,0.0168 left front noenhanced font ',10' textcolor rgb '#404040'
plot datafile index 0 with lines lw 2.0 dt 2 lc rgb '#41b6c4' notitle, \
     datafile index 1 with lines lw 2.0 dt 4 lc rgb '#1d91c0' notitle, \
     datafile index 2 with lines lw 2.0 dt 5 lc rgb '#225ea8' notitle, \
     datafile index 3 with lines lw 3.5 dt 1 lc rgb '#081d58' notitle, \
     datafile index 4 with lines lw 2.5 dt 2 lc rgb '#8073ac' notitle, \
     datafile index 5 with lines lw 2.5 dt 2 lc rgb '#e08214' notitle, \
     datafile index 6 with lines lw 3.0 dt 1 lc rgb '#b35806' notitle, \
     datafile index 7 with lines lw 3.0 dt 1 lc rgb '#542788' notitle, \
     datafile index 8 using 1:2:3:4 with vectors head filled size screen 0.012,25 lw 2 lc rgb '#707070' notitle, \
     datafile index 9 with points pt 7 ps 1.1 lc rgb '#000000' title 'kernel (static count)', \
     datafile index 10 with points pt 6 ps 0.9 lc rgb '#081d58' title 'ridge point', \
     datafile index 11 with points pt 9 ps 1.3 lc rgb '#1a9850' title 'measured run', \
     datafile index 12 with points pt 5 ps 1.0 lc rgb '#d73027' title 'measured run, interpreted'
