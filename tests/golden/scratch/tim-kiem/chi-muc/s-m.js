CongkhaiSearch.load("s:m",{"mien":[[],"CM"],"mot":[["môt5"],"CWBAM"],"muc":[[],"DM"]});
